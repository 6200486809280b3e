extension JavaTemplates {
    /// `SignalReloads.java`: the process-wide SIGHUP handler, through sun.misc.Signal by reflection.
    static let signalReloads = #"""
{{HEADER}}

package {{PACKAGE}};

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Reloads every registered watcher when the process receives a signal, through {@code sun.misc.Signal}
 * (module jdk.unsupported). A JVM has one handler per signal, so one handler here serves every watcher.
 *
 * <p>The class is reached by reflection: code that names {@code sun.misc.Signal} gets a javac warning
 * that cannot be suppressed, and on a runtime without jdk.unsupported (a small jlink image), or with
 * {@code -Xrs}, registration simply fails and the watcher polls the file instead.
 */
final class SignalReloads {
    private static final Map<String, Set<ServicesWatcher>> WATCHERS = new HashMap<>();
    private static final Map<String, Object> PREVIOUS_HANDLERS = new HashMap<>();

    private SignalReloads() {}

    /** Reloads {@code watcher} on {@code signal} ("HUP"); false when this JVM cannot handle the signal. */
    static synchronized boolean register(String signal, ServicesWatcher watcher) {
        Set<ServicesWatcher> watchers = WATCHERS.get(signal);
        if (watchers == null) {
            CopyOnWriteArraySet<ServicesWatcher> created = new CopyOnWriteArraySet<>();
            Object previous;
            try {
                previous = install(signal, (proxy, method, arguments) -> {
                    switch (method.getName()) {
                        case "handle" -> created.forEach(ServicesWatcher::reloadAndReport);
                        case "equals" -> {
                            return proxy == arguments[0];
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "toString" -> {
                            return "services.json reload on SIG" + signal;
                        }
                        default -> {
                        }
                    }
                    return null;
                });
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return false;
            }
            PREVIOUS_HANDLERS.put(signal, previous);
            WATCHERS.put(signal, created);
            watchers = created;
        }
        watchers.add(watcher);
        return true;
    }

    /** Stops reloading {@code watcher}; the last one to leave puts the previous handler back. */
    static synchronized void unregister(String signal, ServicesWatcher watcher) {
        Set<ServicesWatcher> watchers = WATCHERS.get(signal);
        if (watchers == null || !watchers.remove(watcher) || !watchers.isEmpty()) {
            return;
        }
        WATCHERS.remove(signal);
        Object previous = PREVIOUS_HANDLERS.remove(signal);
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object signalObject = signalClass.getConstructor(String.class).newInstance(signal);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signalObject, previous);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // The handler stays; it reloads nothing once no watcher is registered.
        }
    }

    private static Object install(String signal, InvocationHandler handler) throws ReflectiveOperationException {
        Class<?> signalClass = Class.forName("sun.misc.Signal");
        Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        Object signalObject = signalClass.getConstructor(String.class).newInstance(signal);
        Object proxy = Proxy.newProxyInstance(
                SignalReloads.class.getClassLoader(), new Class<?>[] {handlerClass}, handler);
        Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
        return handle.invoke(null, signalObject, proxy);
    }
}
"""#
}
