// The JSON5 scanner, the node tree and JSON text writing live in their own small target so that the Consul
// client and the agent can decode and encode JSON with them, without Foundation's coders, and without
// depending on the model. They are re-exported here because they were the model's before, and every reader
// of dependency files and `services.json` works with them.
@_exported public import JSONValues
