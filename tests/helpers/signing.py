"""The typed signature a client IT manager gives when approving a revision."""

SIGNATURE = {"signer_name": "Pat Reyes", "signer_title": "IT Manager"}
