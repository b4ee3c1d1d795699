"""The master database: models, engine, migrations and the queries the rest of the app uses."""
