"""What other apps must hear from the participants app, which sits below them.

``personal_data_erased`` is sent inside the transaction that blanks participants' personal data
(a person's "delete my data", or anonymisation after the retention period). Argument:
``participant_ids`` (a list of ints). Apps that copied a name (the live app's questions and
speakers list) forget it in the same transaction.
"""

from django.dispatch import Signal

personal_data_erased = Signal()
