"""Health check for load balancers and process supervisors."""
