"""The public site for campaigners: published appeals, their pages, letters, embassies, feeds.
A case's address there is cases.references.case_public_path."""
