def test_home_page_renders_for_anyone(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Partnership Audit" in response.content
