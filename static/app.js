// Shortlist's own script: small progressive enhancements on top of htmx.
