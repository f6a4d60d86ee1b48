"""A generated class: records of 200 students (by default) over three of the shipped exercises, with a
known mix of mistakes, as `mlpedu grade` would have written them. For the class report's tests and
its benchmark: grading 200 real notebooks would take minutes, the report reads only records."""

import random

# assignment -> [(check, points, [(mistake id or "" for a plain failure, share of the class)])]
MIX = {
    "ex02_dense_layer": [("dense_backward_check", 4.0, [("bias_not_summed", 0.30), ("transposed_weight_matrix", 0.15),
                                                        ("", 0.05), ("not_implemented", 0.05)])],
    "ex03_recursive_delta": [("recursive_delta_check", 4.0, [("transposed_weight_matrix", 0.20),
                                                             ("missing_sigma_prime", 0.10)])],
    "ex04_output_deltas": [("sigmoid_bce_delta_check", 3.0, [("bce_second_term_sign", 0.25)]),
                           ("softmax_ce_delta_check", 3.0, [("missing_softmax_jacobian", 0.12),
                                                            ("softmax_over_rows", 0.08)])],
}


def class_records(n=200, seed=0):
    """(records, expected): expected[(assignment, check, mistake)] = the students who made it."""
    rng = random.Random(seed)
    students = [f"s{i:03d}" for i in range(n)]
    records, expected = [], {}
    for assignment, checks in MIX.items():
        for student in students:
            cells = []
            for check, points, mistakes in checks:
                draw, status, mistake = rng.random(), "passed", ""
                for mistake_id, share in mistakes:
                    draw -= share
                    if draw < 0:
                        status, mistake = "failed", mistake_id
                        expected.setdefault((assignment, check, mistake_id), []).append(student)
                        break
                cells.append({"grade_id": check, "kind": "tests", "points": points if status == "passed" else 0.0,
                              "max_points": points, "status": status, "mistake": mistake,
                              "message": "✓" if status == "passed" else f"✗ {mistake or 'assert failed'}"})
            records.append({"student_id": student, "assignment": assignment, "status": "graded",
                            "score": sum(c["points"] for c in cells), "max_score": sum(c[1] for c in checks),
                            "reason": "", "tampering": [], "cells": cells, "timestamp": "", "file": ""})
    return records, expected


def write_results(folder, n=200):
    """A results folder for the generated class, as grading leaves it; returns (records, expected)."""
    from mlpedu.grading import report, review

    records, expected = class_records(n)
    for record in records:
        report.write_record(folder, record)
    review.refresh(folder)
    return records, expected
