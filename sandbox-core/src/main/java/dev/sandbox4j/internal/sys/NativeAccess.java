package dev.sandbox4j.internal.sys;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;

/**
 * Checks once, at the library's entry points, that this module may make
 * native calls, so that a JVM started without {@code --enable-native-access}
 * under {@code --illegal-native-access=deny} (the JDK's coming default) gets
 * one message naming the flag, not an {@code ExceptionInInitializerError}
 * from deep inside the first binding class.
 */
public final class NativeAccess {
    private static volatile boolean granted;

    private NativeAccess() {}

    /**
     * Returns when native calls are allowed (possibly with the JDK's warning).
     *
     * @throws IllegalStateException naming the flag to add when they are denied
     */
    public static void require() {
        if (granted) {
            return;
        }
        Module module = NativeAccess.class.getModule();
        if (!module.isNativeAccessEnabled()) {
            try {
                // A restricted method, as every binding uses: it throws when access is denied,
                // and only warns (once per module) when it is merely not enabled.
                Linker.nativeLinker().downcallHandle(FunctionDescriptor.ofVoid());
            } catch (IllegalCallerException e) {
                throw new IllegalStateException(message(module), e);
            }
        }
        granted = true;
    }

    static String message(Module module) {
        String flag = module.isNamed() ? "--enable-native-access=" + module.getName()
                : "--enable-native-access=ALL-UNNAMED";
        return "sandbox4j needs native access (it calls the kernel through the FFM API) and this JVM denies it: "
                + "start java with " + flag + (module.isNamed() ? " (on the module path)" : " (on the class path)")
                + ", or add 'Enable-Native-Access: ALL-UNNAMED' to the manifest of an executable jar";
    }
}
