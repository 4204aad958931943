"""Demo data of a believable Qidong: units, accounts and the 2027 annual plan in every stage.

`people` and `projects` hold the content (pure Python, no Django: README and scripts read them too);
`build` carries it into the database through the platform's own services (`manage.py load_demo`).
"""
