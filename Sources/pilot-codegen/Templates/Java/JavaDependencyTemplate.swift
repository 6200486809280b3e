extension JavaTemplates {
    /// `Dependency.java`: one dependency with its reads and picks.
    static let dependency = #"""
{{HEADER}}

package {{PACKAGE}};

import java.util.List;

/** One dependency of this service, with the same reads and picks as its {@link ServicesWatcher}. */
public final class Dependency {
    private final ServicesWatcher watcher;
    private final String name;

    Dependency(ServicesWatcher watcher, String name) {
        this.watcher = watcher;
        this.name = name;
    }

    /** The dependency's service name. */
    public String name() {
        return name;
    }

    /** The dependency's instances from the latest good reading, unmodifiable. */
    public List<String> instances() {
        return watcher.get(name);
    }

    /**
     * One instance chosen at random.
     *
     * @throws NoHealthyInstanceException when the file lists none
     */
    public String pickRandom() {
        return watcher.pickRandom(name);
    }

    /**
     * The instances in turn, one per call.
     *
     * @throws NoHealthyInstanceException when the file lists none
     */
    public String pickRoundRobin() {
        return watcher.pickRoundRobin(name);
    }

    @Override
    public String toString() {
        return name + "=" + instances();
    }
}
"""#
}
