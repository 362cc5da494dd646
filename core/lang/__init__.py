"""The program language: parsing programs into graphs and writing literals back."""
