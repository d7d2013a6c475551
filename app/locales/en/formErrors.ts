/**
 * Messages the forms' schemas write (zod at every boundary, shared with the
 * API, which answers in English). A form shows them in the page's language:
 * `translateMessage` (app/lib/i18n.ts) finds the English text here, values
 * and all, and says it in the other language. A message not listed is shown
 * as written.
 */
const formErrors = {
  required: "required",
  number: "enter a number",
  atLeast: "must be at least {{minimum}}",
  atMost: "must be at most {{maximum}}",
  option: "choose one of the options",
  name: "enter a name",
  yourName: "enter your name",
  title: "enter a title",
  email: "enter an email address",
  validEmail: "enter a valid email address",
  notEmail: "not an email",
  password: "enter a password",
  yourPassword: "enter your password",
  role: "choose a role",
  function: "choose a function",
  owner: "choose an owner",
  template: "choose a template",
  voters: "choose the functions that must vote",
  meetingStart: "choose when the meeting starts",
  incidentAt: "choose when the incident happened",
  screen: "name the screen",
  token: "name the token",
  workday: "at least one working day",
  launchBeforeStart: "launch date must not be before the start date",
  changeOne: "change at least one field",
  notLink: "not a link",
  releaseId: "not a release id",
};

export default formErrors;
