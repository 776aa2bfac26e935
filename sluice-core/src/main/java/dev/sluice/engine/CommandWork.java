package dev.sluice.engine;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command step's process for an engine to run away from the driver ({@link StepEngine#runCommand}): the program and
 * its arguments as a list (never a shell string), the environment, and the driver's working folder {@code work} with
 * the staged {@code inputs/<name>} and the empty {@code outputs/<name>} the step's files contract defines. The engine
 * runs it in a working folder of its own with the inputs copied there, paths to the driver's folder in the arguments and
 * the environment replaced by its own, and copies the outputs back into {@code outputs}. It writes the process's stdout
 * and stderr to {@code stdout} and {@code stderr}, where the driver reads them into the step's log. Immutable.
 *
 * @param inputs  input name to its staged file or folder under {@code work/inputs}
 * @param outputs output name to its folder under {@code work/outputs}
 */
public record CommandWork(String step, List<String> argv, Map<String, String> env, Path work, Map<String, Path> inputs,
                          Map<String, Path> outputs, Path stdout, Path stderr) {
    public CommandWork {
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }
}
