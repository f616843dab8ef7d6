"""Planning: select facts, draw distractors, order options and versions from one seeded RNG."""
