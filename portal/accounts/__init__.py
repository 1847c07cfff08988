"""Accounts (AC-1 … AC-3): invitations, passwords, sign-in protection and two-factor.

A kernel module: Partner Hub, Control Hub and the wholesale engine call
`portal.accounts.invitations.invitation_send` for every account they create.
"""
