package dev.sluice.retention;

/**
 * What a folder tree holds: files, folders (the tree's own included), the files' bytes, and the space it takes on
 * disk, estimated in whole blocks of the file system (a folder takes one block; a file its size rounded up). Immutable.
 */
public record FolderSize(long files, long folders, long bytes, long diskBytes) {
    public static final FolderSize NONE = new FolderSize(0, 0, 0, 0);

    public FolderSize plus(FolderSize o) {
        return new FolderSize(files + o.files, folders + o.folders, bytes + o.bytes, diskBytes + o.diskBytes);
    }
}
