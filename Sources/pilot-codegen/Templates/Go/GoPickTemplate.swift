extension GoTemplates {
    /// `pick.go`: random and round-robin picks, NoHealthyInstanceError, and the Dependency handle.
    static let pick = #"""
{{HEADER}}

package {{PACKAGE}}

import (
	"fmt"
	"math/rand"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

// NoHealthyInstanceError says that services.json lists no instance of a dependency: none is healthy
// in Consul, or the file does not name the service at all.
type NoHealthyInstanceError struct {
	// Service is the dependency asked for.
	Service string
	// Path is the file that was read.
	Path string
	// Listed tells whether the file names the service (with an empty list) or not at all.
	Listed bool
}

// Error says which dependency has no instance, and where it was looked for.
func (e *NoHealthyInstanceError) Error() string {
	if e.Listed {
		return fmt.Sprintf("no healthy instance of %q in %s", e.Service, e.Path)
	}
	return fmt.Sprintf("no healthy instance of %q: %s does not list it", e.Service, e.Path)
}

// picker keeps the round-robin positions and the random source shared by every pick of a Watcher.
type picker struct {
	positions sync.Map // service name -> *uint64
	random    *rand.Rand
	randomMu  sync.Mutex
}

func (p *picker) seed() {
	p.random = rand.New(rand.NewSource(time.Now().UnixNano() ^ int64(os.Getpid())<<32))
}

// PickRandom returns one instance of service chosen at random, or a *NoHealthyInstanceError.
func (w *Watcher) PickRandom(service string) (string, error) {
	list, err := w.instances(service)
	if err != nil {
		return "", err
	}
	w.picker.randomMu.Lock()
	index := w.picker.random.Intn(len(list))
	w.picker.randomMu.Unlock()
	return list[index], nil
}

// PickRoundRobin returns the instances of service in turn, one per call, or a *NoHealthyInstanceError.
// The turn is kept per service across reloads, so a changed list is picked from where it left off.
func (w *Watcher) PickRoundRobin(service string) (string, error) {
	list, err := w.instances(service)
	if err != nil {
		return "", err
	}
	position, found := w.picker.positions.Load(service)
	if !found {
		position, _ = w.picker.positions.LoadOrStore(service, new(uint64))
	}
	turn := atomic.AddUint64(position.(*uint64), 1) - 1
	return list[turn%uint64(len(list))], nil
}

// instances returns the list of the current Snapshot itself, which nobody changes.
func (w *Watcher) instances(service string) ([]string, error) {
	list, listed := w.current.Load().instances[service]
	if len(list) == 0 {
		return nil, &NoHealthyInstanceError{Service: service, Path: w.path, Listed: listed}
	}
	return list, nil
}

// Dependency is one dependency of this service, with the same reads and picks as the Watcher.
type Dependency struct {
	watcher *Watcher
	name    string
}

// Dependency returns the dependency named service.
func (w *Watcher) Dependency(service string) Dependency { return Dependency{watcher: w, name: service} }

// Name returns the dependency's service name.
func (d Dependency) Name() string { return d.name }

// Instances returns the dependency's instances from the latest good reading.
func (d Dependency) Instances() []string { return d.watcher.Get(d.name) }

// PickRandom returns one of the dependency's instances at random, or a *NoHealthyInstanceError.
func (d Dependency) PickRandom() (string, error) { return d.watcher.PickRandom(d.name) }

// PickRoundRobin returns the dependency's instances in turn, or a *NoHealthyInstanceError.
func (d Dependency) PickRoundRobin() (string, error) { return d.watcher.PickRoundRobin(d.name) }
"""#
}
