package dev.sandbox4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CapabilityTest {

    @Test
    void numbersFollowTheKernel() {
        assertThat(Capability.values()).hasSize(41);
        assertThat(Capability.CAP_CHOWN.number()).isZero();
        assertThat(Capability.CAP_SETPCAP.number()).isEqualTo(8);
        assertThat(Capability.CAP_NET_ADMIN.number()).isEqualTo(12);
        assertThat(Capability.CAP_SYS_ADMIN.number()).isEqualTo(21);
        assertThat(Capability.CAP_SETFCAP.number()).isEqualTo(31);
        assertThat(Capability.CAP_CHECKPOINT_RESTORE.number()).isEqualTo(40);
    }

    @Test
    void matchesTheInstalledHeader() throws IOException {
        Path h = Path.of("/usr/include/linux/capability.h");
        Assumptions.assumeTrue(Files.isReadable(h));
        Matcher m = Pattern.compile("(?m)^#define (CAP_[A-Z_]+)\\s+([0-9]+)\\s*$").matcher(Files.readString(h));
        int seen = 0;
        while (m.find()) {
            assertThat(Capability.fromName(m.group(1)).number()).as(m.group(1)).isEqualTo(Integer.parseInt(m.group(2)));
            seen++;
        }
        assertThat(seen).isEqualTo(41);
    }

    @Test
    void namesWithOrWithoutPrefixAnyCase() {
        assertThat(Capability.fromName("CAP_NET_ADMIN")).isEqualTo(Capability.CAP_NET_ADMIN);
        assertThat(Capability.fromName("net_admin")).isEqualTo(Capability.CAP_NET_ADMIN);
        assertThat(Capability.fromName("Cap_Net_Bind_Service")).isEqualTo(Capability.CAP_NET_BIND_SERVICE);
        assertThat(Capability.ofNumber(40)).isEqualTo(Capability.CAP_CHECKPOINT_RESTORE);
    }

    @Test
    void unknownNamesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> Capability.fromName("net_admn"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown capability 'net_admn': expected one of chown, dac_override")
                .hasMessageContaining("checkpoint_restore");
        assertThatThrownBy(() -> Capability.ofNumber(41)).hasMessageContaining("no capability number 41");
    }

    @Test
    void maskSetsBitNumberPerCapability() {
        assertThat(Capability.mask(Set.of())).isZero();
        assertThat(Capability.mask(Set.of(Capability.CAP_CHOWN))).isEqualTo(1L);
        assertThat(Capability.mask(Set.of(Capability.CAP_NET_BIND_SERVICE, Capability.CAP_CHECKPOINT_RESTORE)))
                .isEqualTo(1L << 10 | 1L << 40);
        assertThat(Capability.mask(EnumSet.allOf(Capability.class))).isEqualTo((1L << 41) - 1);
    }
}
