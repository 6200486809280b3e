package services

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

const twoDependencies = `{
  "service2": ["192.0.2.1:80", "192.0.2.2:80"],
  "service3": ["[2001:db8::1]:443"]
}
`

// writeAtomically replaces the file as pilot does by default: a new file renamed over the old one.
func writeAtomically(t *testing.T, path, content string) {
	t.Helper()
	temporary := path + ".tmp"
	if err := os.WriteFile(temporary, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(temporary, path); err != nil {
		t.Fatal(err)
	}
}

func servicesFile(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "services.json")
	writeAtomically(t, path, content)
	return path
}

func watch(t *testing.T, path string, options ...Option) *Watcher {
	t.Helper()
	w, err := Watch(path, options...)
	if err != nil {
		t.Fatalf("Watch: %v", err)
	}
	t.Cleanup(w.Close)
	return w
}

func expectInstances(t *testing.T, got []string, want ...string) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("instances: got %q, want %q", got, want)
	}
}

func sendSIGHUPToSelf(t *testing.T) {
	t.Helper()
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
}

func TestWatchReadsEveryDependency(t *testing.T) {
	w := watch(t, servicesFile(t, twoDependencies))
	expectInstances(t, w.Get("service2"), "192.0.2.1:80", "192.0.2.2:80")
	expectInstances(t, w.Get("service3"), "[2001:db8::1]:443")
	if got := w.Snapshot().Services(); !reflect.DeepEqual(got, []string{"service2", "service3"}) {
		t.Fatalf("services: %q", got)
	}
	if w.Err() != nil {
		t.Fatalf("Err after a good load: %v", w.Err())
	}
}

func TestWatchFailsWhenTheFileIsMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "services.json")
	_, err := Watch(path)
	var fileErr *FileError
	if !errors.As(err, &fileErr) || !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("want a *FileError wrapping fs.ErrNotExist, got %v", err)
	}
	if want := path + ": cannot open the file: no such file or directory"; err.Error() != want {
		t.Fatalf("message: got %q, want %q", err.Error(), want)
	}
}

func TestWatchFailsWhenTheFileIsMalformed(t *testing.T) {
	path := servicesFile(t, "{\n  \"service2\": 80\n}\n")
	_, err := Watch(path)
	want := path + `:2:15: "service2": expected a list of "ip:port" strings, found a number`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}

func TestMalformedReloadKeepsThePreviousContentAndReportsTheError(t *testing.T) {
	path := servicesFile(t, twoDependencies)
	reported := make(chan error, 1)
	w := watch(t, path, OnError(func(err error) { reported <- err }))
	writeAtomically(t, path, `{"service2": ["192.0.2.9:80"`)
	err := w.Reload()
	if err == nil {
		t.Fatal("Reload of a half-written file succeeded")
	}
	if got := <-reported; got != err {
		t.Fatalf("OnError got %v, Reload returned %v", got, err)
	}
	if w.Err() != err {
		t.Fatalf("Err: got %v, want %v", w.Err(), err)
	}
	expectInstances(t, w.Get("service2"), "192.0.2.1:80", "192.0.2.2:80")

	writeAtomically(t, path, `{"service2": ["192.0.2.9:80"]}`)
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	expectInstances(t, w.Get("service2"), "192.0.2.9:80")
	if w.Err() != nil {
		t.Fatalf("Err after a good reload: %v", w.Err())
	}
}

func TestMissingFileOnReloadKeepsThePreviousContent(t *testing.T) {
	path := servicesFile(t, twoDependencies)
	w := watch(t, path, OnError(func(error) {}))
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	if err := w.Reload(); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("want fs.ErrNotExist, got %v", err)
	}
	expectInstances(t, w.Get("service2"), "192.0.2.1:80", "192.0.2.2:80")
}

func TestSIGHUPReloadsTheFile(t *testing.T) {
	path := servicesFile(t, twoDependencies)
	changes := make(chan *Snapshot, 1)
	w := watch(t, path, OnChange(func(s *Snapshot) { changes <- s }))
	writeAtomically(t, path, `{"service2": ["192.0.2.7:8080"], "service3": []}`)
	sendSIGHUPToSelf(t)
	select {
	case snapshot := <-changes:
		expectInstances(t, snapshot.Get("service2"), "192.0.2.7:8080")
	case <-time.After(10 * time.Second):
		t.Fatal("no reload within 10 s of SIGHUP")
	}
	expectInstances(t, w.Get("service2"), "192.0.2.7:8080")
	expectInstances(t, w.Get("service3"))
}

func TestSIGHUPWithAMalformedFileKeepsThePreviousContentAndReports(t *testing.T) {
	path := servicesFile(t, twoDependencies)
	reported := make(chan error, 1)
	w := watch(t, path, OnError(func(err error) { reported <- err }))
	writeAtomically(t, path, `["192.0.2.7:8080"]`)
	sendSIGHUPToSelf(t)
	select {
	case err := <-reported:
		if want := path + ":1:1: expected an object mapping each service to its instances, found a list"; err.Error() != want {
			t.Fatalf("got %q, want %q", err, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no error reported within 10 s of SIGHUP")
	}
	expectInstances(t, w.Get("service2"), "192.0.2.1:80", "192.0.2.2:80")
}

func TestReloadWithUnchangedContentKeepsTheSnapshotAndCallsNoCallback(t *testing.T) {
	path := servicesFile(t, twoDependencies)
	var calls atomic.Int32
	w := watch(t, path, OnChange(func(*Snapshot) { calls.Add(1) }))
	before := w.Snapshot()
	writeAtomically(t, path, twoDependencies)
	if err := w.Reload(); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 0 || w.Snapshot() != before {
		t.Fatalf("unchanged content: %d OnChange calls, snapshot replaced: %v", calls.Load(), w.Snapshot() != before)
	}
}

func TestReloadWaitsForAWriterHoldingTheLock(t *testing.T) {
	path := servicesFile(t, twoDependencies)
	w := watch(t, path)
	// Rewrite in place as pilot's --services-file-in-place does: exclusive flock, truncate, write.
	writer, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer writer.Close()
	if err := syscall.Flock(int(writer.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	newContent := `{"service2": ["192.0.2.5:80"], "service3": []}`
	if err := writer.Truncate(0); err != nil {
		t.Fatal(err)
	}
	if _, err := writer.WriteAt([]byte(newContent[:10]), 0); err != nil {
		t.Fatal(err)
	}
	reloaded := make(chan error, 1)
	go func() { reloaded <- w.Reload() }()
	select {
	case err := <-reloaded:
		t.Fatalf("Reload returned while the writer held the lock (error %v): it read half a file", err)
	case <-time.After(200 * time.Millisecond):
		// Still waiting for the lock, as it should.
	}
	if _, err := writer.WriteAt([]byte(newContent[10:]), 10); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(writer.Fd()), syscall.LOCK_UN); err != nil {
		t.Fatal(err)
	}
	if err := <-reloaded; err != nil {
		t.Fatalf("Reload after the writer finished: %v", err)
	}
	expectInstances(t, w.Get("service2"), "192.0.2.5:80")
}

// Readers on many goroutines while the file changes under them: run with -race. Each generation of the
// file gives service2 and service3 the same port, so a reader that saw a mix of two files would notice.
func TestConcurrentReadersAlwaysSeeACompleteSnapshot(t *testing.T) {
	generation := func(n int) string {
		return fmt.Sprintf(`{"service2": ["192.0.2.1:%d", "192.0.2.2:%d"], "service3": ["192.0.2.3:%d"]}`, n, n, n)
	}
	path := servicesFile(t, generation(1))
	w := watch(t, path)
	var stop atomic.Bool
	var reads atomic.Int64
	var wg sync.WaitGroup
	failures := make(chan string, 8)
	for reader := 0; reader < 8; reader++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				snapshot := w.Snapshot()
				var port2, port2b, port3 int
				fmt.Sscanf(snapshot.Get("service2")[0], "192.0.2.1:%d", &port2)
				fmt.Sscanf(snapshot.Get("service2")[1], "192.0.2.2:%d", &port2b)
				fmt.Sscanf(snapshot.Get("service3")[0], "192.0.2.3:%d", &port3)
				if port2 != port3 || port2 != port2b {
					failures <- fmt.Sprintf("mixed snapshot: %d, %d, %d", port2, port2b, port3)
					return
				}
				if _, err := w.Service2().PickRoundRobin(); err != nil {
					failures <- err.Error()
					return
				}
				if _, err := w.PickRandom("service3"); err != nil {
					failures <- err.Error()
					return
				}
				reads.Add(1)
			}
		}()
	}
	for n := 2; n <= 200; n++ {
		writeAtomically(t, path, generation(n))
		if err := w.Reload(); err != nil {
			t.Fatal(err)
		}
	}
	stop.Store(true)
	wg.Wait()
	close(failures)
	for failure := range failures {
		t.Error(failure)
	}
	expectInstances(t, w.Get("service3"), "192.0.2.3:200")
	if reads.Load() == 0 {
		t.Fatal("the readers read nothing")
	}
}

func TestPickRandomReturnsEveryInstanceInTime(t *testing.T) {
	w := watch(t, servicesFile(t, twoDependencies))
	seen := map[string]bool{}
	for i := 0; i < 1000 && len(seen) < 2; i++ {
		address, err := w.PickRandom("service2")
		if err != nil {
			t.Fatal(err)
		}
		seen[address] = true
	}
	if !seen["192.0.2.1:80"] || !seen["192.0.2.2:80"] || len(seen) != 2 {
		t.Fatalf("random picks over 1000 tries: %v", seen)
	}
}

func TestPickRoundRobinTakesInstancesInTurn(t *testing.T) {
	w := watch(t, servicesFile(t, `{"service2": ["192.0.2.1:80", "192.0.2.2:80", "192.0.2.3:80"]}`))
	var picks []string
	for i := 0; i < 6; i++ {
		address, err := w.PickRoundRobin("service2")
		if err != nil {
			t.Fatal(err)
		}
		picks = append(picks, address)
	}
	expectInstances(t, picks, "192.0.2.1:80", "192.0.2.2:80", "192.0.2.3:80", "192.0.2.1:80", "192.0.2.2:80", "192.0.2.3:80")
}

func TestNoHealthyInstanceIsATypedError(t *testing.T) {
	path := servicesFile(t, `{"service2": []}`)
	w := watch(t, path)
	for _, pick := range []func(string) (string, error){w.PickRandom, w.PickRoundRobin} {
		_, err := pick("service2")
		var none *NoHealthyInstanceError
		if !errors.As(err, &none) || none.Service != "service2" || !none.Listed {
			t.Fatalf("empty list: got %#v", err)
		}
		if want := `no healthy instance of "service2" in ` + path; err.Error() != want {
			t.Fatalf("got %q, want %q", err, want)
		}
		_, err = pick("service3")
		if !errors.As(err, &none) || none.Service != "service3" || none.Listed {
			t.Fatalf("service not in the file: got %#v", err)
		}
	}
	if _, err := w.Service3().PickRoundRobin(); !errors.As(err, new(*NoHealthyInstanceError)) {
		t.Fatalf("typed accessor: got %v", err)
	}
}

func TestTypedAccessorsReadTheirDependency(t *testing.T) {
	w := watch(t, servicesFile(t, twoDependencies))
	expectInstances(t, Declared(), "service2", "service3")
	if w.Service2().Name() != "service2" || w.Service3().Name() != "service3" {
		t.Fatalf("names: %q, %q", w.Service2().Name(), w.Service3().Name())
	}
	expectInstances(t, w.Service2().Instances(), "192.0.2.1:80", "192.0.2.2:80")
	if address, err := w.Service3().PickRandom(); err != nil || address != "[2001:db8::1]:443" {
		t.Fatalf("Service3().PickRandom: %q, %v", address, err)
	}
}

func TestSnapshotReadsCannotChangeTheSnapshot(t *testing.T) {
	w := watch(t, servicesFile(t, twoDependencies))
	w.Get("service2")[0] = "203.0.113.1:1"
	expectInstances(t, w.Get("service2"), "192.0.2.1:80", "192.0.2.2:80")
}
