// The parsers of setting values (durations, booleans) live in their own small target so that the Consul client
// can share them without depending on the model. They are re-exported here because they were part of the
// model's settings before, and every reader of settings (the agent, its status and logs) formats durations
// with them.
@_exported public import SettingValues
