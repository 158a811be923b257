"""Who am I: the caller's login, role and directory entry."""

from ninja import Field, Router, Schema

from upward.accounts.http import AuthenticatedRequest
from upward.api.problems import Problem

router = Router(tags=["me"])


class MeOut(Schema):
    id: int
    email: str = Field(examples=["jo.junior@example.com"])
    name: str = Field(examples=["Jo Junior"])
    role: str = Field(examples=["member"], description="administrator, program_manager or member")
    person_id: int | None = Field(None, description="The directory entry; null when not linked.")
    title: str = ""
    token_scope: str | None = Field(None, description="read or write; null for a browser session")


@router.get("/me", response={200: MeOut, 401: Problem}, summary="The caller")
def me(request: AuthenticatedRequest) -> MeOut:
    user = request.user
    person = getattr(user, "person", None)
    token = getattr(request, "api_token", None)
    return MeOut(
        id=user.pk,
        email=user.email,
        name=user.get_full_name(),
        role=user.role,
        person_id=person.pk if person else None,
        title=person.title if person else "",
        token_scope=token.scope if token else None,
    )
