"""Built-in plugins, each written as a third party would write one."""
