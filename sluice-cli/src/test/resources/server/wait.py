import os, sys, time
print("waiting for " + sys.argv[1], flush=True)
while not os.path.exists(sys.argv[1]):
    time.sleep(0.02)
