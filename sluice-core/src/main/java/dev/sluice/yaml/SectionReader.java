package dev.sluice.yaml;

/**
 * What every reader of a part of a pipeline file holds: the load's context, where it records locations and reports
 * problems, and the {@link Fields} that read values of an expected shape. One load at a time; not thread-safe.
 */
abstract class SectionReader {
    final LoadContext ctx;
    final Fields fields;

    SectionReader(Fields fields) {
        this.fields = fields;
        this.ctx = fields.ctx();
    }
}
