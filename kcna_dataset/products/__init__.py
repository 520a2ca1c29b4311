"""What is made from a dataset version: releases (export), the dataset card, the data dictionary, the
quality report and the statistics they share."""
