from django.shortcuts import render

from qingfeng.places.models import Jurisdiction


def home(request):
    county = Jurisdiction.objects.filter(level=Jurisdiction.Level.COUNTY).first()
    return render(request, "portal/home.html", {"county": county, "public_entries": []})
