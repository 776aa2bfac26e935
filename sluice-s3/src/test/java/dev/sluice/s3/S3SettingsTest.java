package dev.sluice.s3;

import dev.sluice.store.StoreException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class S3SettingsTest {
    @Test
    void anEndpointMeansPathStyleUnlessSaidOtherwise() {
        Map<String, String> env = Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1",
                "AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI-secret");

        S3Settings s = S3Settings.fromEnvironment(env);
        assertThat(s).isEqualTo(new S3Settings(Optional.of(URI.create("http://127.0.0.1:9000")), "eu-west-1", true, "environment"));
        assertThat(s).hasToString("endpoint http://127.0.0.1:9000, region eu-west-1, path-style addressing, credentials"
                + " from environment");
        assertThat(S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://h:9000", "SLUICE_S3_PATH_STYLE", "false"))
                .pathStyle()).isFalse();
    }

    @Test
    void awsItselfIsVirtualHostStyleInUsEast1WithTheProfileOrDefaultChain() {
        assertThat(S3Settings.fromEnvironment(Map.of("AWS_PROFILE", "ml")))
                .isEqualTo(new S3Settings(Optional.empty(), "us-east-1", false, "profile ml"));
        assertThat(S3Settings.fromEnvironment(Map.of("AWS_DEFAULT_REGION", "us-west-2")))
                .hasToString("endpoint AWS, region us-west-2, virtual-host addressing, credentials from default chain");
        assertThat(S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://a:1", "AWS_ENDPOINT_URL_S3", "http://b:2"))
                .endpoint()).contains(URI.create("http://b:2"));
    }

    @Test
    void mistakesSayWhatToSetAndNeverEchoASecret() {
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("AWS_ENDPOINT_URL", "http://user:hunter2@h:9000")))
                .isInstanceOf(StoreException.class)
                .hasMessageNotContaining("hunter2")
                .hasMessageContaining("put credentials in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("SLUICE_S3_PATH_STYLE", "maybe")))
                .isInstanceOf(StoreException.class)
                .hasMessage("SLUICE_S3_PATH_STYLE is 'maybe'; write true or false");
        S3Settings s = S3Settings.fromEnvironment(Map.of());
        assertThatThrownBy(() -> s.client(Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")))
                .isInstanceOf(StoreException.class)
                .hasMessage("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not; set both, or neither to use a profile");
    }
}
