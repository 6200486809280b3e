// Command reload prints the instances of service2 from services.json at start and again each time a
// SIGHUP reload changes them, one line each: "service2: 192.0.2.1:80 192.0.2.2:80" ("service2:" alone
// when it has none). Failed reloads go to standard error and the previous list stays. It is the
// smallest application of the generated reader, and what pilot's end-to-end tests run as the service.
//
//	go build -o reload ./cmd/reload
//	./reload -file /etc/containerpilot/services.json
package main

import (
	"flag"
	"fmt"
	"os"
	"strings"

	"pilot/clients/go/services"
)

func main() {
	path := flag.String("file", services.DefaultPath, "the services.json to read")
	flag.Parse()

	show := func(snapshot *services.Snapshot) {
		fmt.Printf("service2: %s\n", strings.Join(snapshot.Get("service2"), " "))
	}
	watcher, err := services.Watch(*path,
		services.OnChange(show),
		services.OnError(func(err error) { fmt.Fprintf(os.Stderr, "reload: %v\n", err) }))
	if err != nil {
		fmt.Fprintf(os.Stderr, "reload: %v\n", err)
		os.Exit(1)
	}
	show(watcher.Snapshot())
	select {} // SIGTERM or SIGINT ends the program
}
