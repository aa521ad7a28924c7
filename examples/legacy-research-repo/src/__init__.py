"""CAN-bus graph intrusion detection: configs, data and training code."""
