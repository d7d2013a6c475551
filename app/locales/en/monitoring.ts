/** Evidence in from monitoring (ADR 022): a metric item polled from Prometheus, on its page. */
const monitoring = {
  source: {
    title: "Polled from Prometheus",
    failed: "Last query failed {{ago}}:",
    unchanged: "The evidence stays as it was until a query answers with one number.",
    answered: "✔ Last answered {{ago}}; a changed value is reported by system:prometheus.",
    notYet: "Not queried yet (the server polls when PROMETHEUS_URL is set).",
  },
};

export default monitoring;
