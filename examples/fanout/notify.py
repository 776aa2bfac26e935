"""Says how the run went: notify.py STATUS FAILED_STEPS [--alert]. A real pipeline would post it somewhere."""
import sys

status, failed = sys.argv[1], sys.argv[2]
prefix = "ALERT: " if "--alert" in sys.argv[3:] else ""
print(f"{prefix}run {status}" + (f"; failed: {failed}" if failed else ""))
