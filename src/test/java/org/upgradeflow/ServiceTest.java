package org.upgradeflow;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole service on a random port with the test profile (in-memory engine database) and
 * the lab users. One annotation so that test classes share one cached Spring context.
 * A test that needs a context of its own must give its engine its own name
 * ({@code camunda.bpm.process-engine-name}) and database: Camunda registers engines JVM-wide by
 * name, and the REST API and webapps of the shared context would otherwise reach the other one.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "lab-users"})
@AutoConfigureObservability
public @interface ServiceTest {
}
