import os, sys, time
gate = sys.argv[1]
print("waiting for " + gate, flush=True)
while not os.path.exists(gate):
    time.sleep(0.02)
os.makedirs("outputs/seen", exist_ok=True)
with open("outputs/seen/seen.txt", "w") as f:
    f.write("gate opened " + sys.argv[2] + "\n")
print("gate opened", flush=True)
