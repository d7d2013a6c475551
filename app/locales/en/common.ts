/** Words every page uses: the header, the status names, the generic controls. */
const common = {
  product: "Greenlight",
  header: {
    breadcrumb: "Breadcrumb",
    myActions: "My actions",
    postmortems: "Post-mortems",
    users: "Users",
    apiTokens: "API tokens",
    signOut: "Sign out",
    language: "Language",
  },
  role: { admin: "admin", lead: "lead", member: "member", viewer: "viewer" },
  status: { green: "Green", amber: "Amber", red: "Red", pending: "Pending", unknown: "Unknown" },
  age: {
    seconds_one: "{{count}}s",
    seconds_other: "{{count}}s",
    minutes_one: "{{count}}m",
    minutes_other: "{{count}}m",
    hours_one: "{{count}}h",
    hours_other: "{{count}}h",
    days_one: "{{count}}d",
    days_other: "{{count}}d",
  },
  phase: { open: "open", go: "GO", released: "released", rolled_back: "rolled back" },
  postmortemStatus: { draft: "draft", in_review: "in review", published: "published" },
  error: {
    notFound: "Not found",
    status: "Error {{status}}",
    title: "Something went wrong",
    message: "The server could not complete this request. Try again, or go back to the releases.",
    back: "← All releases",
    boardLink: "This board link is invalid or has been revoked.",
  },
  never: "never",
  none: "—",
  dates: {
    launchDay: "launch day",
    daysToLaunch_one: "{{count}} day to launch",
    daysToLaunch_other: "{{count}} days to launch",
    daysPastLaunch_one: "{{count}} day past launch",
    daysPastLaunch_other: "{{count}} days past launch",
    ago: "{{age}} ago",
  },
};

export default common;
