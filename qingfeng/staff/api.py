from datetime import date

from ninja import Router, Schema

from qingfeng.accounts import access
from qingfeng.staff.actions import do_update_household_note
from qingfeng.web.pagination import paginated

router = Router(tags=["staff"])


class JurisdictionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None = None

    @staticmethod
    def resolve_parent_code(obj):
        return obj.parent.code if obj.parent_id else None


class MeOut(Schema):
    username: str
    full_name: str
    role: str
    jurisdiction: JurisdictionOut


class MemberOut(Schema):
    name: str
    relation: str
    sex: str
    birth_date: date | None


class HouseholdOut(Schema):
    id: int
    household_no: str
    head_name: str
    village_code: str
    village_name: str
    note: str
    version: int

    @staticmethod
    def resolve_village_code(obj):
        return obj.village.code

    @staticmethod
    def resolve_village_name(obj):
        return obj.village.name


class HouseholdDetailOut(HouseholdOut):
    members: list[MemberOut]

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.all())


class NoteIn(Schema):
    note: str
    version: int


class ErrorOut(Schema):
    detail: str


@router.get("/me", response=MeOut)
def me(request):
    return access.require_staff(request.user)


@router.get("/jurisdictions", response=list[JurisdictionOut])
@paginated
def jurisdictions(request):
    return access.visible_jurisdictions(request.user).select_related("parent")


@router.get("/households", response=list[HouseholdOut])
@paginated
def households(request):
    return access.visible_households(request.user)


@router.get("/households/{household_id}", response=HouseholdDetailOut)
def household(request, household_id: int):
    return access.access_household_by_id(request.user, household_id)


@router.patch("/households/{household_id}", response={200: HouseholdOut, 409: ErrorOut})
def update_household(request, household_id: int, payload: NoteIn):
    return do_update_household_note(
        household_id, acting_user=request.user, note=payload.note, expected_version=payload.version
    )
