from django.urls import path

from .views import auth, organisations, policy, tokens, users

app_name = "accounts"

urlpatterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth.logout_view, name="logout"),
    path("password/", auth.password_change, name="password_change"),
    path("users/", users.user_list, name="user_list"),
    path("users/new/", users.user_create, name="user_create"),
    path("users/<int:pk>/", users.user_update, name="user_update"),
    path("users/<int:pk>/password/", users.user_reset_password, name="user_reset_password"),
    path("users/<int:pk>/role/", users.user_set_role, name="user_set_role"),
    path("users/<int:pk>/unlock/", users.user_unlock, name="user_unlock"),
    path("organisations/", organisations.organisation_list, name="organisation_list"),
    path("organisations/new/", organisations.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", organisations.organisation_update, name="organisation_update"),
    path("login-policy/", policy.login_policy, name="login_policy"),
    path("tokens/", tokens.token_list, name="token_list"),
    path("tokens/new/", tokens.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", tokens.token_revoke, name="token_revoke"),
]
