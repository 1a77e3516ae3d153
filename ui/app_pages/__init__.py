"""One module per page; `app.py` routes to them with st.navigation."""
