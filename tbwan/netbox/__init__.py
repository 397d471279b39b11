"""NetBox as tbwan's source of truth: a local NetBox, sync, inventory plugin, write-back."""
