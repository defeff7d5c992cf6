"""The ground every app stands on: reading input, navigation, languages, middleware, logs,
the base templates and the form partial, charts, refusals and the POST-action helper."""
