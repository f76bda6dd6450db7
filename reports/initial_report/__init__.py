"""The initial report (Article 13(1)) in the Secretariat's form.

``template``: the template's sections and items (pure data); ``mapping``: the mapping file's validation (pure);
``build``: the report built from an assessment; ``annexes``: the laws and control-list annexes.
"""
