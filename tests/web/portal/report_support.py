"""Helpers of the public report tests: post JSON to the public API."""

import json


def post(client, path, body, **extra):
    return client.post("/api/public" + path, json.dumps(body), content_type="application/json", **extra)


def report(client, **fields):
    body = {"township": "广福桥镇", "village": "青山村", "subject": "李某", "subject_post": "青山村村主任",
            "category": "虚报冒领", "summary": "村主任把已故村民的低保金领走了。", "anonymous": False,
            "name": "王某", "contact": "13900000000"} | fields
    return post(client, "/reports", body)
