extension JavaTemplates {
    /// `ServicesSnapshot.java`: one immutable reading of the file.
    static let snapshot = #"""
{{HEADER}}

package {{PACKAGE}};

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One complete reading of services.json: for each dependency, the "ip:port" of every healthy instance
 * (IPv6 as "[addr]:port"). Immutable: a reload makes a new snapshot, so everything read from one
 * snapshot is consistent.
 */
public final class ServicesSnapshot {
    private final Map<String, List<String>> instances;

    ServicesSnapshot(Map<String, List<String>> instances) {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        instances.forEach((service, list) -> copy.put(service, List.copyOf(list)));
        this.instances = Collections.unmodifiableMap(copy);
    }

    /** The instances of {@code service} in file order, unmodifiable; empty when the file lists none. */
    public List<String> get(String service) {
        return instances.getOrDefault(service, List.of());
    }

    /** Whether the file names {@code service} at all, even with no instance. */
    public boolean has(String service) {
        return instances.containsKey(service);
    }

    /** The services the file names, sorted, unmodifiable. */
    public Set<String> services() {
        return instances.keySet();
    }

    /** Every service with its instances, sorted by name, unmodifiable. */
    public Map<String, List<String>> asMap() {
        return instances;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServicesSnapshot snapshot && instances.equals(snapshot.instances);
    }

    @Override
    public int hashCode() {
        return instances.hashCode();
    }

    @Override
    public String toString() {
        return instances.toString();
    }
}
"""#
}
