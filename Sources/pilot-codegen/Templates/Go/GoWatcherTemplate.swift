extension GoTemplates {
    /// `watcher.go`: the Watcher, which reloads on SIGHUP behind an atomic pointer, and its options.
    static let watcher = #"""
{{HEADER}}

package {{PACKAGE}}

import (
	"errors"
	"log"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
)

// Watcher holds the latest good reading of services.json and replaces it when the process receives
// SIGHUP (pilot sends it after each change when SERVICE_SIGNAL_CHANGED is set). It is safe for any
// number of goroutines: readers never wait for a reload and always see a complete Snapshot.
//
// A reload that fails (the file is missing, unreadable or malformed) keeps the previous Snapshot and
// reports the error; a good list is never thrown away because of a bad read.
type Watcher struct {
	path     string
	current  atomic.Pointer[Snapshot]
	reloads  sync.Mutex // one reload at a time, so callbacks see changes in order
	lastErr  atomic.Pointer[FileError]
	onChange func(*Snapshot)
	onError  func(error)
	signals  chan os.Signal
	done     chan struct{}
	stopped  chan struct{}
	closing  sync.Once
	picker   picker
}

// Option changes how Watch sets up a Watcher.
type Option func(*settings)

type settings struct {
	onChange func(*Snapshot)
	onError  func(error)
	signal   os.Signal
}

// OnChange calls f with the new Snapshot after each reload that changed the content. It runs on the
// reloading goroutine, one call at a time, and must not call Reload.
func OnChange(f func(*Snapshot)) Option {
	return func(s *settings) { s.onChange = f }
}

// OnError calls f with the error of each reload that failed (the previous Snapshot is kept). Without
// it, failed reloads are written to the standard logger.
func OnError(f func(error)) Option {
	return func(s *settings) { s.onError = f }
}

// ReloadSignal reloads on sig instead of SIGHUP (for pilot's --reload-signal); nil turns signal
// handling off, leaving reloads to the application's own calls to Reload.
func ReloadSignal(sig os.Signal) Option {
	return func(s *settings) { s.signal = sig }
}

// Watch reads the file at path and, unless told otherwise, reloads it on each SIGHUP until Close.
// Call it early in main: before it, SIGHUP ends a Go program.
//
// It fails with a *FileError when the file is missing, unreadable or malformed, so that a service does
// not start without its dependencies.
func Watch(path string, options ...Option) (*Watcher, error) {
	s := settings{signal: syscall.SIGHUP}
	for _, option := range options {
		option(&s)
	}
	snapshot, err := readFile(path)
	if err != nil {
		return nil, err
	}
	w := &Watcher{path: path, onChange: s.onChange, onError: s.onError}
	if w.onError == nil {
		w.onError = func(err error) { log.Printf("services: reload failed, keeping the previous content: %v", err) }
	}
	w.current.Store(snapshot)
	w.picker.seed()
	if s.signal != nil {
		w.signals = make(chan os.Signal, 1)
		w.done = make(chan struct{})
		w.stopped = make(chan struct{})
		signal.Notify(w.signals, s.signal)
		go w.reloadOnSignal()
	}
	return w, nil
}

func (w *Watcher) reloadOnSignal() {
	defer close(w.stopped)
	for {
		select {
		case <-w.signals:
			_ = w.Reload()
		case <-w.done:
			return
		}
	}
}

// Reload reads the file now. On success the new content replaces the old (OnChange runs if it
// differs); on failure the previous content stays, OnError runs and the *FileError is returned.
func (w *Watcher) Reload() error {
	w.reloads.Lock()
	defer w.reloads.Unlock()
	snapshot, err := readFile(w.path)
	if err != nil {
		var fileErr *FileError
		if !errors.As(err, &fileErr) {
			fileErr = &FileError{Path: w.path, Reason: err.Error(), Err: err}
		}
		w.lastErr.Store(fileErr)
		w.onError(fileErr)
		return fileErr
	}
	w.lastErr.Store(nil)
	if previous := w.current.Load(); previous.equal(snapshot) {
		return nil
	}
	w.current.Store(snapshot)
	if w.onChange != nil {
		w.onChange(snapshot)
	}
	return nil
}

// Snapshot returns the latest good reading of the file.
func (w *Watcher) Snapshot() *Snapshot { return w.current.Load() }

// Get returns the instances of service from the latest good reading (see Snapshot.Get).
func (w *Watcher) Get(service string) []string { return w.current.Load().Get(service) }

// Err returns the error of the last reload if it failed, or nil once a reload has succeeded.
func (w *Watcher) Err() error {
	if err := w.lastErr.Load(); err != nil {
		return err
	}
	return nil
}

// Path returns the file's path.
func (w *Watcher) Path() string { return w.path }

// Close stops reloading on signals. The last Snapshot stays readable.
func (w *Watcher) Close() {
	w.closing.Do(func() {
		if w.signals != nil {
			signal.Stop(w.signals)
			close(w.done)
			<-w.stopped
		}
	})
}
"""#
}
