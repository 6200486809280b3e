extension GoTemplates {
    /// `snapshot.go`: the Snapshot type, one immutable reading of the file, and the package documentation.
    static let snapshot = #"""
{{HEADER}}

// Package services reads services.json, the file that pilot keeps up to date with the "ip:port" of
// every healthy instance of each dependency, and reloads it when pilot sends SIGHUP.
package {{PACKAGE}}

import "sort"

// DefaultPath is where pilot writes services.json unless told otherwise.
const DefaultPath = "/etc/containerpilot/services.json"

// Snapshot is one complete reading of services.json. It never changes once read: a reload makes a new
// Snapshot, so everything read from one Snapshot is consistent.
type Snapshot struct {
	instances map[string][]string
}

// Get returns the instances of service ("ip:port", IPv6 as "[addr]:port") in file order, or nil when
// the file lists none. The slice is a copy the caller may keep or change.
func (s *Snapshot) Get(service string) []string {
	list := s.instances[service]
	if len(list) == 0 {
		return nil
	}
	return append([]string(nil), list...)
}

// Has reports whether the file names service at all, even with no instance.
func (s *Snapshot) Has(service string) bool {
	_, found := s.instances[service]
	return found
}

// Services returns the services the file names, sorted.
func (s *Snapshot) Services() []string {
	names := make([]string, 0, len(s.instances))
	for name := range s.instances {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func (s *Snapshot) equal(other *Snapshot) bool {
	if len(s.instances) != len(other.instances) {
		return false
	}
	for name, list := range s.instances {
		otherList, found := other.instances[name]
		if !found || len(list) != len(otherList) {
			return false
		}
		for i := range list {
			if list[i] != otherList[i] {
				return false
			}
		}
	}
	return true
}
"""#
}
