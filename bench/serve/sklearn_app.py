"""The Python baseline: a scikit-learn gradient-boosting churn model behind Flask (run under gunicorn).

Trained at start-up on the same telco file and the same columns as examples/churn (one-hot text columns, numeric
columns with the mean filled in), then POST /predict takes one row as JSON and answers label and probabilities.
"""
import os

import numpy as np
import pandas as pd
from flask import Flask, jsonify, request
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder

CSV = os.environ.get("CHURN_CSV", "examples/churn/data/Telco-Customer-Churn.csv")
data = pd.read_csv(CSV, na_values=["", " "]).drop(columns=["customerID"])
y = data.pop("Churn")
text = [c for c in data.columns if data[c].dtype == object]
numeric = [c for c in data.columns if c not in text]
model = Pipeline([
    ("prep", ColumnTransformer([
        ("text", OneHotEncoder(handle_unknown="ignore"), text),
        ("num", SimpleImputer(strategy="mean"), numeric)])),
    ("gbdt", HistGradientBoostingClassifier(max_depth=4, max_iter=100, random_state=7))])
model.fit(data, y)
labels = [str(c) for c in model.classes_]
app = Flask(__name__)


@app.post("/predict")
def predict():
    row = request.get_json(force=True)
    frame = pd.DataFrame([{c: row.get(c) for c in data.columns}])
    p = model.predict_proba(frame)[0]
    return jsonify(label=labels[int(np.argmax(p))], probabilities=dict(zip(labels, map(float, p))))


@app.get("/health")
def health():
    return jsonify(status="up")
