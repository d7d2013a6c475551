import { openApiDocument } from "../../server/api/openapi";
import { openApiView } from "./openapi-view";

/** The API reference, from the same document `/api/v1/openapi.json` serves (ADR 026). */
export const apiReference = () => openApiView(openApiDocument());
