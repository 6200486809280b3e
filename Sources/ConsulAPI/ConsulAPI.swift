// The typed Consul client lands with the ConsulAPI issue.
