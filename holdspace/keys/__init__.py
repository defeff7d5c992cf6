"""A person's own key pair: one per person, whatever his roles, wrapped by his password and by a
recovery code, unlocked into the session. Apps that seal things to it register in `registry`
what must happen when it is replaced; this app never knows them."""
