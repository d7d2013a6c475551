/** The iCalendar feed's subscribe affordance (SPEC 13, ADR 023): the release page's link and the board-links page's section. */
const calendar = {
  link: "Subscribe to the calendar",
  title: "Subscribe to the calendar",
  intro:
    "The launch, Go/No-Go meetings, drill expiries and open action due dates of {{release}}, in Google Calendar, Outlook or Apple Calendar. Create a read-only link below (for example \u201cPMO calendar\u201d): its calendar address is shown once, next to the board link. Revoke the link and the feed stops.",
  how: "In your calendar application choose \u201cAdd calendar from URL\u201d (Google: Other calendars \u2192 From URL; Outlook: Add calendar \u2192 Subscribe from web) and paste the address. It refreshes about every hour.",
  secret: "Calendar feed (paste into your calendar application)",
  open: "Open in my calendar application",
};

export default calendar;
