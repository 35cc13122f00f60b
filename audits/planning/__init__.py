"""Planning of the quality management system (ISO 9001:2015 clause 6).

Quality objectives per unit and year, measured from the records the system
already holds where a KPI exists (6.2), and the register of risks and
opportunities with their actions and effectiveness reviews (6.1). The
management review reads both (``audits.planning.review_inputs``); the annual
inspection plan reads the register's high open risks through
``audits.planning.interface``.
"""
