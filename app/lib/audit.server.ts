/** The audit trail as its pages read it (server/audit.ts); route modules reach server code through `.server` files. */
export { AUDIT_PAGE_MAX, type AuditPage, type AuditRow } from "../../server/audit";
