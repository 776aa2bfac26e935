import json, os
os.makedirs("outputs/model", exist_ok=True)
with open("outputs/model/model.json", "w") as f:
    json.dump({"format": "tiny", "weights": [0.5, 0.25]}, f)
with open("outputs/model/notes.txt", "w") as f:
    f.write("a tiny model\n")
print(json.dumps({"auc": 0.875}))
