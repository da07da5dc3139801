"""Fictional data: the hand-written demo set (`load_demo`) and the random benchmark generator
(`generate_cases`). Every person, body, address, number and e-mail in here is invented."""
